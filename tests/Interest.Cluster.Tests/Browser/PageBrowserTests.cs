using Interest.Cluster.Tests.Fixtures;
using Microsoft.Playwright;

namespace Interest.Cluster.Tests.Browser;

[Collection(ProductionClusterCollection.Name)]
public sealed class PageBrowserTests(ProductionCluster shared)
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task A_person_watches_a_users_list_change_live_as_they_post_events_and_opens_an_items_neighbours()
    {
        await using var chromium = await SystemChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync(ProductionCluster.AddressOf(shared.Web) + "/");

        // A standalone web tier wants the API key; the page asks for it.
        await page.FillAsync("#api-key", ProductionCluster.ApiKey);
        await page.ClickAsync("#key-form button");
        await page.FillAsync("#user-id", "browser-user-1");
        await page.ClickAsync("#user-form button");
        await Assertions.Expect(page.Locator("#event-count")).ToHaveTextAsync("0", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#personalised")).ToContainTextAsync("most popular", new() { Timeout = Timeout });
        string popular = await page.InnerTextAsync("#recommendations tbody");

        await PostEventAsync(page, item: 7, type: "purchase");
        await Assertions.Expect(page.Locator("#event-count")).ToHaveTextAsync("1", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#personalised")).ToHaveTextAsync("personalised");
        await Assertions.Expect(page.Locator("#model-version")).ToHaveTextAsync("untrained-seed-7");
        await Assertions.Expect(page.Locator("#recommendations tbody tr")).ToHaveCountAsync(10);
        string afterFirst = await page.InnerTextAsync("#recommendations tbody");
        Assert.NotEqual(popular, afterFirst);

        await PostEventAsync(page, item: 1234, type: "view");
        await Assertions.Expect(page.Locator("#event-count")).ToHaveTextAsync("2", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#recent-events tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#recent-events tbody tr").First).ToContainTextAsync("1234");
        Assert.NotEqual(afterFirst, await page.InnerTextAsync("#recommendations tbody"));
        Assert.Equal(10, await page.Locator("#short-term tbody tr").CountAsync());
        Assert.Equal(10, await page.Locator("#long-term tbody tr").CountAsync());
        Assert.Equal("", await page.InnerTextAsync("#status"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SystemChromium.ArtifactsFolder(), "user-page.png"), FullPage = true });

        var firstItem = page.Locator("#recommendations tbody a.item").First;
        string itemId = await firstItem.InnerTextAsync();
        await firstItem.ClickAsync();
        await Assertions.Expect(page.Locator("#item-name")).ToHaveTextAsync(itemId);
        await Assertions.Expect(page.Locator("#similar-items tbody tr")).ToHaveCountAsync(10);
        Assert.DoesNotContain(itemId, (await page.Locator("#similar-items tbody a.item").AllInnerTextsAsync()).ToArray());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SystemChromium.ArtifactsFolder(), "item-page.png"), FullPage = true });
    }

    [Fact]
    public async Task Without_a_key_the_page_shows_the_APIs_refusal_instead_of_data()
    {
        await using var chromium = await SystemChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync(ProductionCluster.AddressOf(shared.Web) + "/#user=browser-user-2");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("401", new() { Timeout = Timeout });
        Assert.Equal(0, await page.Locator("#recommendations tbody tr").CountAsync());
    }

    private static async Task PostEventAsync(IPage page, int item, string type)
    {
        await page.FillAsync("#event-item", item.ToString());
        await page.SelectOptionAsync("#event-type", type);
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#event-form button"),
            r => r.Url.EndsWith("/events", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(202, response.Status);
    }
}
