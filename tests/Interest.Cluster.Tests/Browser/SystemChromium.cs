using Microsoft.Playwright;

namespace Interest.Cluster.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright: no browser download (scripts/test.sh installs the package). Running as
/// root, as CI does, needs chromium's sandbox off.
/// </summary>
public static class SystemChromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static async Task<ChromiumSession> LaunchAsync()
    {
        string path = Environment.GetEnvironmentVariable("INTEREST_CHROMIUM") ?? DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No chromium at {path}: install Debian's chromium (scripts/test.sh does) or set INTEREST_CHROMIUM.");
        }
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
            return new ChromiumSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>artifacts/browser/ under the repository root, where the screenshots go.</summary>
    public static string ArtifactsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Interest.sln"))) continue;
            string folder = Path.Combine(dir.FullName, "artifacts", "browser");
            Directory.CreateDirectory(folder);
            return folder;
        }
        throw new InvalidOperationException("The repository root (Interest.sln) is not above the test assembly.");
    }
}

/// <summary>A running chromium and the Playwright driver behind it; disposing closes both.</summary>
public sealed class ChromiumSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    public IBrowser Browser => browser;

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
