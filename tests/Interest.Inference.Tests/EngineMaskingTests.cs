using Interest.Abstractions;

namespace Interest.Inference.Tests;

public sealed class EngineMaskingTests
{
    [Fact]
    public async Task Request_items_excluded_items_and_padding_never_appear_and_the_rest_is_sorted_with_exactly_top_k()
    {
        // 300 of 600 items requested, so a masked item would very likely show up if masking failed.
        await using var engine = TestEngines.Create(itemCount: 600);
        var random = new Random(8);
        var (items, types) = TestData.RandomEvents(random, 20, 600);
        int[] exclude = Enumerable.Range(1, 600).Where(id => id % 5 == 0).ToArray();

        var result = await engine.InferAsync(new InferenceRequest([], [], [], items, types, exclude, 300));

        Assert.Equal(300, result.TopItems.Length);
        Assert.DoesNotContain(result.TopItems, item => item.ItemId == 0);
        Assert.DoesNotContain(result.TopItems, item => items.Contains(item.ItemId));
        Assert.DoesNotContain(result.TopItems, item => exclude.Contains(item.ItemId));
        Assert.Equal(300, result.TopItems.Select(item => item.ItemId).Distinct().Count());
        Assert.All(result.TopItems, item => Assert.True(float.IsFinite(item.Score)));
        TestData.AssertSortedDescending(result.TopItems);
    }

    [Fact]
    public async Task Masking_one_user_does_not_mask_another_in_the_same_batch()
    {
        await using var engine = TestEngines.Create(itemCount: 100, maxBatchWaitMs: 50);
        var open = new InferenceRequest([], [], [], [], [], [], 100);
        var excluding = new InferenceRequest([], [], [], [], [], Enumerable.Range(1, 50).ToArray(), 100);

        var results = await Task.WhenAll(engine.InferAsync(open), engine.InferAsync(excluding));

        Assert.True(engine.Statistics.BatchesOfMoreThanOne > 0, "the two requests were meant to share a batch");
        Assert.Equal(100, results[0].TopItems.Length);
        Assert.Equal(50, results[1].TopItems.Length);
        Assert.All(results[1].TopItems, item => Assert.True(item.ItemId > 50));
    }

    [Fact]
    public async Task When_fewer_items_remain_than_top_k_only_the_remaining_ones_come_back()
    {
        await using var engine = TestEngines.Create(itemCount: 40);
        var exclude = Enumerable.Range(1, 30).ToArray();

        var result = await engine.InferAsync(new InferenceRequest([], [], [], [31], [ClickEventType.Cart], exclude, 25));

        Assert.Equal(Enumerable.Range(32, 9).ToHashSet(), result.TopItems.Select(item => item.ItemId).ToHashSet());
    }
}
