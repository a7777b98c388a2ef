using Interest.Streaming.Generation;

namespace Interest.Streaming.Tests.Generation;

public class InteractionFileTests
{
    [Fact]
    public void Reads_user_item_lines()
    {
        var users = InteractionFile.Parse(new StringReader("1 10\n1 11\n1 12\n2 5\n2 6\n"));

        Assert.Equal([1, 2], users.Select(u => u.User));
        Assert.Equal([10, 11, 12], users[0].Items);
        Assert.Equal([5, 6], users[1].Items);
    }

    [Fact]
    public void Reads_sequence_lines_mixed_formats_comments_blank_lines_and_tabs()
    {
        const string text = "# user items...\n3 7 8 9\n\n1\t4  5\r\n1 6\n   \n2 1\n";

        var users = InteractionFile.Parse(new StringReader(text));

        Assert.Equal([3, 1, 2], users.Select(u => u.User));
        Assert.Equal([7, 8, 9], users[0].Items);
        Assert.Equal([4, 5, 6], users[1].Items);
        Assert.Equal([1], users[2].Items);
    }

    [Fact]
    public void A_user_seen_again_later_continues_the_same_sequence()
    {
        var users = InteractionFile.Parse(new StringReader("1 10\n2 20\n1 11\n"));

        Assert.Equal([10, 11], users.Single(u => u.User == 1).Items);
    }

    [Theory]
    [InlineData("1\n", 1)]
    [InlineData("1 2\n1 x\n", 2)]
    [InlineData("0 5\n", 1)]
    [InlineData("1 2\n\n3 -4\n", 3)]
    [InlineData("1 99999999999\n", 1)]
    public void Malformed_lines_are_reported_with_their_line_number(string text, int line)
    {
        var error = Assert.Throws<FormatException>(() => InteractionFile.Parse(new StringReader(text)));

        Assert.StartsWith($"Line {line}:", error.Message);
    }

    [Fact]
    public void Reads_a_file_from_disk()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "5 1 2 3\n");
            var users = InteractionFile.Read(path);
            Assert.Equal([1, 2, 3], Assert.Single(users).Items);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
