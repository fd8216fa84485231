using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Tests.Persistence;

/// <summary>
/// The group commit's rounds: the callers one write answered come back one by one, and with a gather limit their next
/// write waits for most of them (or for the limit) instead of starting for the first. Run on an exclusive scheduler, as a
/// grain's turns are.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan GatherLimit = TimeSpan.FromMilliseconds(1);

    private readonly TaskScheduler _turns = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly FakeTimeProvider _clock = new();
    private readonly List<int> _batches = [];
    private readonly SemaphoreSlim _writesStarted = new(0);
    private TaskCompletionSource _writeInFlight = new();

    [Fact]
    public async Task ARoundsCallersComingBackOneByOne_ShareOneWrite_StartedOnceAsManyWaitAsTheLastRoundHad()
    {
        var commit = Commit(GatherLimit);
        await ARound(commit, comingDuringTheFirstWrite: 7);

        var round = new List<Task>();
        for (var caller = 1; caller <= 6; caller++)
        {
            round.Add(await Append(commit, caller));
            await Settle();
            Assert.Equal([1, 7], Batches);
        }

        round.Add(await Append(commit, 7));
        await WriteStarted();
        Assert.Equal([1, 7, 7], Batches);
        _writeInFlight.SetResult();
        await Task.WhenAll(round);
    }

    [Fact]
    public async Task AWriteWaitingForItsRound_StartsAfterTheGatherLimit_WithTheCallersItHas()
    {
        var commit = Commit(GatherLimit);
        await ARound(commit, comingDuringTheFirstWrite: 7);

        var lone = await Append(commit, 1);
        await Settle();
        Assert.Equal([1, 7], Batches);

        _clock.Advance(GatherLimit);
        await WriteStarted();
        Assert.Equal([1, 7, 1], Batches);
        _writeInFlight.SetResult();
        await lone;
    }

    [Fact]
    public async Task WithoutAGatherLimit_TheFirstCallerOfARound_StartsAWrite()
    {
        var commit = Commit(TimeSpan.Zero);
        await ARound(commit, comingDuringTheFirstWrite: 7);

        var first = await Append(commit, 1);
        await WriteStarted();
        Assert.Equal([1, 7, 1], Batches);
        _writeInFlight.SetResult();
        await first;
    }

    [Fact]
    public async Task AfterARoundOfFewerThanFourCallers_TheNextCallerStartsAWrite_WithoutWaitingForTheOthers()
    {
        // A quiet pool: a timer's wait would be longer than the write, for callers who may not come.
        var commit = Commit(GatherLimit);
        await ARound(commit, comingDuringTheFirstWrite: 2);

        var next = await Append(commit, 3);
        await WriteStarted();
        Assert.Equal([1, 2, 1], Batches);
        _writeInFlight.SetResult();
        await next;
    }

    [Fact]
    public async Task CallersWhoComeOneAtATime_NeverWait()
    {
        var commit = Commit(GatherLimit);
        for (var caller = 1; caller <= 3; caller++)
        {
            var durable = await Append(commit, caller);
            await WriteStarted();
            _writeInFlight.SetResult();
            await durable;
        }

        Assert.Equal([1, 1, 1], Batches);
    }

    private GroupCommit<int> Commit(TimeSpan gatherLimit) => new(Write, _ => { }, gatherLimit, _clock);

    /// <summary>
    /// One caller starts a write; <paramref name="comingDuringTheFirstWrite"/> more come while it runs and go together in
    /// the next, which nobody comes during: the last round had that many callers.
    /// </summary>
    private async Task ARound(GroupCommit<int> commit, int comingDuringTheFirstWrite)
    {
        var callers = new List<Task> { await Append(commit, 0) };
        for (var caller = 1; caller <= comingDuringTheFirstWrite; caller++)
        {
            callers.Add(await Append(commit, caller));
        }

        await WriteStarted();
        _writeInFlight.SetResult();
        await WriteStarted();
        Assert.Equal([1, comingDuringTheFirstWrite], Batches);
        _writeInFlight.SetResult();
        await Task.WhenAll(callers);
    }

    private int[] Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    private Task Write(IReadOnlyList<int> batch)
    {
        lock (_batches)
        {
            _batches.Add(batch.Count);
        }

        _writeInFlight = new TaskCompletionSource();
        _writesStarted.Release();
        return _writeInFlight.Task;
    }

    private async Task WriteStarted() =>
        Assert.True(await _writesStarted.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "No write started.");

    /// <summary>Appends on a turn of its own; the result is the caller's task for its write.</summary>
    private Task<Task> Append(GroupCommit<int> commit, int item) => OnTurn(() => commit.Append([item]));

    /// <summary>Lets the turns queued so far, and those they queue in turn, run (for checking that no write started).</summary>
    private async Task Settle()
    {
        for (var i = 0; i < 5; i++)
        {
            await OnTurn(() => Task.CompletedTask);
        }
    }

    private Task<Task> OnTurn(Func<Task> turn) => Task.Factory.StartNew(turn, CancellationToken.None, TaskCreationOptions.None, _turns);
}
