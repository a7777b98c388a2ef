using System.Diagnostics;
using System.Runtime;
using Interest.RecommendationStore;
using Interest.Web.Api;
using Interest.Web.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Interest.Web.Readiness;

/// <summary>
/// Once the web tier listens, sends it lookups of users that have a published list, over HTTP as clients do, in
/// rounds of <see cref="WarmUpOptions.LookupsPerRound"/>, until a round leaves the JIT (almost) nothing new to compile;
/// then the web tier reports ready. It warms the path a lookup takes in steady state: Kestrel, routing, the store's
/// Redis read and decode, JSON. Users without a list are not needed and not created.
/// </summary>
public sealed partial class WebTierWarmUp(
    IOptions<WarmUpOptions> options,
    IOptions<ApiKeyOptions> apiKeys,
    WarmUpProgress progress,
    IHostApplicationLifetime lifetime,
    IServer server,
    IRecommendationStore store,
    ILogger<WebTierWarmUp> logger) : BackgroundService
{
    private const double MaxFailedShare = 0.5;

    private readonly WarmUpOptions _options = options.Value;
    private readonly Stopwatch _elapsed = new();
    private long _jitBaseline;
    private long _lookups;
    private long _storeReads;
    private long _errors;
    private int _rounds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _options.Validate();
        if (!_options.Enabled)
        {
            Complete("disabled (Web:WarmUp:Enabled=false)");
            return;
        }
        try
        {
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            // Listening now.
        }

        _elapsed.Start();
        _jitBaseline = JitInfo.GetCompiledMethodCount();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(_options.MaxDuration);
        try
        {
            string outcome = await WarmUpAsync(deadline.Token);
            Complete(outcome);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            Complete($"out of time after {_options.MaxDuration.TotalSeconds:0.#} s and {_rounds} round(s): the code had not settled");
        }
    }

    private async Task<string> WarmUpAsync(CancellationToken cancellationToken)
    {
        var self = SelfAddress.FromListeningAddresses(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        if (self is null) return "skipped: the web tier listens on no plain-HTTP address to call itself on";
        if (store is NullRecommendationStore)
        {
            return "skipped: no recommendation store is configured, so there are no published lists to look up";
        }

        IReadOnlyList<string> users;
        try
        {
            users = await store.SampleUserIdsAsync(_options.Users, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCannotListUsers(logger, e.Message);
            return $"skipped: could not list users with a published list ({e.Message})";
        }
        if (users.Count == 0) return "skipped: the recommendation store has no published lists yet";

        using var http = CreateClient(self);
        LogStarting(logger, self, users.Count);
        while (true)
        {
            long compiledBefore = JitInfo.GetCompiledMethodCount();
            var round = await RunRoundAsync(http, users, cancellationToken);
            await Task.Delay(_options.PauseBetweenRounds, cancellationToken);
            long compiled = JitInfo.GetCompiledMethodCount() - compiledBefore;
            _rounds++;
            Report($"round {_rounds}: {round.Sent} lookups in {round.Duration.TotalMilliseconds:0} ms, {compiled} methods compiled");
            LogRound(logger, _rounds, round.Sent, round.Failed, round.Duration.TotalMilliseconds, compiled);

            if (round.Failed > round.Sent * MaxFailedShare)
            {
                LogLookupsFail(logger, round.Failed, round.Sent, round.LastFailure);
                return $"stopped: {round.Failed} of {round.Sent} lookups in round {_rounds} failed ({round.LastFailure})";
            }
            if (_rounds >= _options.MinRounds && compiled < _options.SettledMethodCount)
            {
                return $"settled after {_rounds} rounds: the last compiled {compiled} methods";
            }
        }
    }

    private async Task<RoundResult> RunRoundAsync(HttpClient http, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        int next = -1;
        int failed = 0;
        string? lastFailure = null;
        int offset = _rounds * _options.LookupsPerRound;

        async Task LookUpUntilRoundDone()
        {
            for (int i = Interlocked.Increment(ref next); i < _options.LookupsPerRound; i = Interlocked.Increment(ref next))
            {
                string user = users[(offset + i) % users.Count];
                string? failure = await LookUpAsync(http, user, cancellationToken);
                Interlocked.Increment(ref _lookups);
                if (failure is null) continue;
                Interlocked.Increment(ref _errors);
                Interlocked.Increment(ref failed);
                lastFailure = failure;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, _options.Concurrency).Select(_ => LookUpUntilRoundDone()));
        return new RoundResult(_options.LookupsPerRound, failed, lastFailure, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Null when the lookup was answered; otherwise what went wrong.</summary>
    private async Task<string?> LookUpAsync(HttpClient http, string user, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"users/{Uri.EscapeDataString(user)}/recommendations?k={ApiProblems.DefaultK}", cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode) return $"HTTP {(int)response.StatusCode}";
            if (response.Headers.TryGetValues("Server-Timing", out var timings)
                && ServerTiming.Parse(string.Join(',', timings)) is { Metric: ServerTiming.StoreReadMetric })
            {
                Interlocked.Increment(ref _storeReads);
            }
            return null;
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }

    private HttpClient CreateClient(Uri self)
    {
        // Never through a proxy: the web tier calls its own loopback address.
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = self, Timeout = TimeSpan.FromSeconds(10) };
        if (apiKeys.Value.ApiKeys.FirstOrDefault(key => !string.IsNullOrWhiteSpace(key)) is { } key)
        {
            http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }
        return http;
    }

    private void Report(string outcome) => progress.Report(Snapshot(isComplete: false, outcome));

    private void Complete(string outcome)
    {
        var snapshot = Snapshot(isComplete: true, outcome);
        progress.Report(snapshot);
        LogComplete(logger, outcome, snapshot.Lookups, snapshot.StoreReads, snapshot.Errors, snapshot.MethodsCompiled, snapshot.Elapsed.TotalSeconds);
    }

    private WarmUpSnapshot Snapshot(bool isComplete, string outcome) => new(
        isComplete,
        outcome,
        _rounds,
        Interlocked.Read(ref _lookups),
        Interlocked.Read(ref _storeReads),
        Interlocked.Read(ref _errors),
        _elapsed.IsRunning ? JitInfo.GetCompiledMethodCount() - _jitBaseline : 0,
        _elapsed.Elapsed);

    private sealed record RoundResult(int Sent, int Failed, string? LastFailure, TimeSpan Duration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warming up: lookups of {Users} users with a published list, sent to {Address}")]
    private static partial void LogStarting(ILogger logger, Uri address, int users);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warm-up round {Round}: {Sent} lookups ({Failed} failed) in {Milliseconds:0} ms; the JIT compiled {Compiled} methods")]
    private static partial void LogRound(ILogger logger, int round, int sent, int failed, double milliseconds, long compiled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up stopped: {Failed} of {Sent} lookups failed (last: {LastFailure}); the web tier reports ready anyway")]
    private static partial void LogLookupsFail(ILogger logger, int failed, int sent, string? lastFailure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up skipped: could not list users with a published list ({Error})")]
    private static partial void LogCannotListUsers(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web tier ready; warm-up {Outcome} ({Lookups} lookups, {StoreReads} from the store, {Errors} failed; {Compiled} methods compiled; {Seconds:0.0} s)")]
    private static partial void LogComplete(ILogger logger, string outcome, long lookups, long storeReads, long errors, long compiled, double seconds);
}
