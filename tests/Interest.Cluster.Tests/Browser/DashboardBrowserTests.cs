using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Interest.Cluster.Tests.Fixtures;
using Microsoft.Playwright;

namespace Interest.Cluster.Tests.Browser;

[Collection(ProductionClusterCollection.Name)]
public sealed class DashboardBrowserTests(ProductionCluster shared)
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task The_Orleans_Dashboard_shows_UserGrain_and_InferenceGrain_with_traffic()
    {
        await using var chromium = await SystemChromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = "operator", Password = ProductionCluster.OperatorPassword },
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync($"http://127.0.0.1:{shared.ManagementPort}/dashboard/");

        // The dashboard profiles grain calls while it is open: traffic now is what it shows.
        using var traffic = new CancellationTokenSource();
        var posting = PostEventsAsync(traffic.Token);
        try
        {
            // The overview lists the methods with most calls, each with its grain type and rate.
            var body = page.Locator("body");
            await Assertions.Expect(body).ToContainTextAsync("Methods with Most Calls", new() { Timeout = Timeout });
            await Assertions.Expect(body).ToContainTextAsync("ApplyEvents", new() { Timeout = Timeout });
            await Assertions.Expect(body).ToContainTextAsync("UserGrain", new() { Timeout = Timeout });
            await Assertions.Expect(body).ToContainTextAsync("InferenceGrain", new() { Timeout = Timeout });
            await Assertions.Expect(body).ToContainTextAsync("req/sec", new() { Timeout = Timeout });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SystemChromium.ArtifactsFolder(), "dashboard.png"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "Grains", Exact = true }).ClickAsync();
            foreach (string grain in new[] { "UserGrain", "InferenceGrain" })
            {
                var row = page.Locator("tr", new() { HasText = grain });
                await Assertions.Expect(row.First).ToContainTextAsync("req/sec", new() { Timeout = Timeout });
                await Assertions.Expect(row.First).Not.ToContainTextAsync(new Regex(@"(^|\s)0\.00\s*req/sec"), new() { Timeout = Timeout });
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SystemChromium.ArtifactsFolder(), "dashboard-grains.png"), FullPage = true });
        }
        finally
        {
            await traffic.CancelAsync();
            await posting;
        }
    }

    private async Task PostEventsAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var posted = await shared.Http.PostAsJsonAsync("/events", new { userId = $"dashboard-browser-{i % 20}", itemId = 1 + i % 500, type = "view" }, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            try { await Task.Delay(50, cancellationToken); } catch (OperationCanceledException) { }
        }
    }
}
