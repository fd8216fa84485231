using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Fanout;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// One PK. Its window is kept by reminders (so it starts and settles on time across restarts); aggregators send it
/// the events of its participants, each counted once by id: their points are appended to the PK's store
/// (<see cref="IPkPointStore"/>), which recognises repeats, and the scores are their sums — a report writes its new
/// events, not every event counted so far. A participant reaching its target is marked and, for a
/// guide, paid coins and alerted — once, retried until the guide acknowledged. After the window (and a short settle
/// for events still travelling, and for the reports already being stored) the board is frozen and the winner named,
/// ties said plainly. Changed scores are pushed at most ten times a second, with the flush that brings them
/// (<see cref="PushPacing"/>).
/// </summary>
[Reentrant]
public sealed class PkGrain(
    [PersistentState("pk", StorageNames.GrainState)] IPersistentState<PkState> storage,
    IPkPointStore points,
    TimeProvider time,
    IOptions<ScoringOptions> options,
    UserNotifier notifier,
    ILogger<PkGrain> logger) : Grain, IPkGrain, IRemindable
{
    private const string StartReminder = "pk-start";
    private const string SettleReminder = "pk-settle";

    /// <summary>How far ahead a PK may be set up; with its 31 days at most, every date it computes stays representable.</summary>
    private static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    private EdgeWatchers<IScoreboardObserver> _watchers = null!;
    private PacedPush _push = null!;
    private StatePart<PkState> _state = null!;
    private Dictionary<string, long> _scores = new(StringComparer.Ordinal);
    private bool _changed;
    private PkStatus _statusSent;

    /// <summary>Reports being stored and counted now; the board freezes only once they are counted.</summary>
    private readonly List<Task> _counting = [];

    /// <summary>Set when the window and the settle delay are over: later reports are too late, as after the freeze.</summary>
    private bool _settling;
    private bool _unregistered;

    private string PkId => this.GetPrimaryKeyString();

    private IPkRegistryGrain Registry => GrainFactory.GetGrain<IPkRegistryGrain>(IPkRegistryGrain.Key);

    private PkState Pk => _state.Live;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new StatePart<PkState>(storage, s => s.Copy());
        _watchers = new EdgeWatchers<IScoreboardObserver>(logger, () => $"PK {PkId}");
        _push = new PacedPush(this, options.Value.PkPushInterval, options.Value.AggregatorFlushInterval, Push);
        Pk.Seq = UpdateNumbers.AfterActivation(time, Pk.Seq);
        if (Pk.Definition is { } pk)
        {
            _scores = new Dictionary<string, long>(Pk.FinalScores ?? await points.ReadScoresAsync(PkId, cancellationToken), StringComparer.Ordinal);

            // Points stored by an activation whose write of the targets reached then failed: they are marked now.
            if (MarkReached(pk.Participants))
            {
                await _state.WriteAsync();
            }
        }

        this.RegisterGrainTimer(Tick, options.Value.PkPushInterval, options.Value.PkPushInterval);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation knows no Edge until each reports again; this asks them to now.
        _watchers.Send(edge => edge.PkClosing(PkId));
        return Task.CompletedTask;
    }

    public async Task<PkUpdate> Create(CreatePk pk)
    {
        pk = pk with { Title = pk.Title?.Trim() ?? "" };
        pk.Validate().ThrowIfInvalid();
        if (Pk.Definition is { } existing)
        {
            return await SameOrConflict(existing, pk);
        }

        // After the same-create check, so a retry of a create answers the PK even once its window has passed.
        var now = time.GetUtcNow();
        new Validation()
            .Require(pk.EndsAt > now, "endsAt", "endsAt must be in the future: a PK counts sales and bindings as they happen.")
            .Require(pk.StartsAt <= now + MaxLeadTime, "startsAt", "startsAt must be at most a year ahead.")
            .ThrowIfInvalid();

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var participant in pk.Participants)
        {
            // A guide must exist; a team need not be named (it is shown by its id then).
            names[participant.Id] = participant.Kind == PkParticipantKind.Guide
                ? (await GrainFactory.GetGrain<IGuideGrain>(participant.Id).GetProfile())?.Name
                    ?? throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{participant.Id}' does not exist.")
                : (await GrainFactory.GetGrain<ITeamGrain>(participant.Id).GetProfile())?.Name ?? participant.Id;
        }

        // Another create may have finished while the names were read.
        if (Pk.Definition is { } created)
        {
            return await SameOrConflict(created, pk);
        }

        Pk.Definition = pk;
        Pk.Names = names;
        await _state.WriteAsync();
        await Schedule();
        _changed = true;
        return View();
    }

    public Task<PkUpdate?> Get() => Task.FromResult(Pk.Definition is null ? null : View());

    public async Task Apply(ImmutableArray<ScoreEvent> events)
    {
        if (Pk.Definition is not { } pk || Pk.Ended || _settling)
        {
            return;
        }

        var scored = events.Where(e => e.At >= pk.StartsAt && e.At < pk.EndsAt).Select(e => Score(pk, e)).OfType<PkPoint>().ToList();
        if (scored.Count == 0)
        {
            return;
        }

        var counting = StoreAndCount(pk, scored);
        _counting.Add(counting);
        try
        {
            await counting;
        }
        finally
        {
            _counting.Remove(counting);
        }
    }

    /// <summary>Appends the points to the PK's store and adds those new to it to the scores, marking targets reached.</summary>
    private async Task StoreAndCount(CreatePk pk, List<PkPoint> scored)
    {
        IReadOnlyList<PkPoint> stored;
        try
        {
            stored = await points.AppendAsync(PkId, scored);
        }
        catch
        {
            // The append may have landed unheard: the next activation reads the scores from the store, and the
            // aggregator retries the report (its repeats count nothing).
            DeactivateOnIdle();
            throw;
        }

        foreach (var point in stored)
        {
            _scores[point.ParticipantId] = _scores.GetValueOrDefault(point.ParticipantId) + point.Points;
            _changed = true;
        }

        if (MarkReached(pk.Participants.Where(p => stored.Any(s => s.ParticipantId == p.Id))))
        {
            await _state.WriteAsync();
        }

        if (_changed && _watchers.Any)
        {
            _push.Soon();
        }
    }

    public Task Watch(string edgeId, IScoreboardObserver edge, int watchers)
    {
        if (Pk.Definition is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownPk, $"PK '{PkId}' does not exist.");
        }

        _watchers.Report(edgeId, edge, watchers, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Pk.Definition is null)
        {
            await Forget(reminderName);
            return;
        }

        if (reminderName == StartReminder)
        {
            _changed = true;
            await Forget(StartReminder);
        }
        else if (reminderName == SettleReminder && await SettleIfDue())
        {
            await Forget(SettleReminder);
        }
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        if (Pk.Definition is null)
        {
            return;
        }

        await SettleIfDue();
        await PayRewards();
        var view = View();
        if (view.Status != _statusSent)
        {
            _changed = true;
        }

        // What no flush brought (the start, the settling, a first watcher of a changed board) goes from here.
        _watchers.Forget(time.GetUtcNow() - options.Value.EdgeSilence);
        if (_changed && _watchers.Any && !_push.Waiting)
        {
            _push.Soon();
        }

        if (_watchers.Any || Pk.RewardsDue.Count > 0)
        {
            DelayDeactivation(TimeSpan.FromMinutes(2));
        }
    }

    private void Push()
    {
        if (!_changed || !_watchers.Any)
        {
            return;
        }

        var view = View();
        _changed = false;
        _statusSent = view.Status;
        Pk.Seq++;
        var update = view with { Seq = Pk.Seq };
        _watchers.Send(edge => edge.PkUpdate(update));
    }

    /// <summary>
    /// Freezes the board once the window and the settle delay are over, then takes the PK off the registry; true when
    /// the PK has ended. Taking it off is retried by every call until it lands (once per activation of an ended PK):
    /// an entry left behind would be read by every aggregator flush for good.
    /// </summary>
    private async Task<bool> SettleIfDue()
    {
        if (!Pk.Ended)
        {
            if (time.GetUtcNow() < Pk.Definition!.EndsAt + options.Value.PkSettleDelay)
            {
                return false;
            }

            // A report that reached the PK in time is counted before the board freezes: its events were inside the
            // window, and the aggregator that sent it takes it as counted once answered. No report starts counting
            // once this is set, so those under way now are all there is to wait for; their failures are their
            // callers' (the aggregator retries), here they only have to be over.
            _settling = true;
            await Task.WhenAll(_counting.ToArray()).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);

            if (Pk.Ended)
            {
                // Settled by another turn (the reminder and the tick) while this one waited.
                return true;
            }

            Pk.Ended = true;
            Pk.FinalScores = new Dictionary<string, long>(_scores, StringComparer.Ordinal);
            _changed = true;
            await _state.WriteAsync();
        }

        if (!_unregistered)
        {
            await Registry.Unregister(PkId);
            _unregistered = true;
        }

        return true;
    }

    private async Task PayRewards()
    {
        foreach (var guideId in Pk.RewardsDue.ToList())
        {
            try
            {
                var guide = GrainFactory.GetGrain<IGuideGrain>(guideId);
                await guide.AwardCoins($"pk:{PkId}", options.Value.TargetCoins, $"target reached in {Pk.Definition!.Title}");
                Pk.RewardsDue.Remove(guideId);
                await _state.WriteAsync();
                notifier.GuideAlert(guideId, new GuideAlert(
                    GuideAlertKind.TargetReached, $"Target reached in \"{Pk.Definition.Title}\": +{options.Value.TargetCoins} coins."));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Stays due; the next tick tries again (the award is idempotent on the PK).
            }
        }
    }

    /// <summary>The event's points in this PK and whom they count for; null when it scores nothing here.</summary>
    private static PkPoint? Score(CreatePk pk, ScoreEvent happened)
    {
        var points = pk.Metric switch
        {
            PkMetric.Sales when happened.Kind == ScoreEventKind.PaidOrder => happened.Amount,
            PkMetric.Orders when happened.Kind == ScoreEventKind.PaidOrder => 1,
            PkMetric.NewMembers when happened.Kind == ScoreEventKind.NewMember => 1,
            _ => 0,
        };
        var participant = pk.Participants.FirstOrDefault(p => p.Id == (p.Kind == PkParticipantKind.Guide ? happened.GuideId : happened.TeamId));
        if (points == 0 || participant is null)
        {
            return null;
        }

        // A member's bindings share one event id ("member/{id}"); one moved from a participant to another is a new member
        // of each, as their own figures count it — once each, and once for a team it stays within.
        var pointId = happened.Kind == ScoreEventKind.NewMember ? $"{happened.EventId}@{participant.Id}" : happened.EventId;
        return new PkPoint(pointId, participant.Id, points);
    }

    /// <summary>Marks the participants whose score reached their target (a guide's reward falls due); true if any was new.</summary>
    private bool MarkReached(IEnumerable<PkParticipant> participants)
    {
        var marked = false;
        foreach (var participant in participants)
        {
            if (_scores.GetValueOrDefault(participant.Id) >= participant.Target && Pk.Reached.Add(participant.Id))
            {
                marked = true;
                if (participant.Kind == PkParticipantKind.Guide)
                {
                    Pk.RewardsDue.Add(participant.Id);
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// Answers a create of the PK that exists; the same definition is a retry, and it schedules the PK again: the create
    /// it retries may have stored the PK and then failed to register or schedule it.
    /// </summary>
    private async Task<PkUpdate> SameOrConflict(CreatePk existing, CreatePk pk)
    {
        if (existing.Title != pk.Title || existing.Metric != pk.Metric || existing.StartsAt != pk.StartsAt || existing.EndsAt != pk.EndsAt
            || !existing.Participants.SequenceEqual(pk.Participants))
        {
            throw DomainException.Conflict(ErrorCodes.PkConflict, $"PK '{PkId}' already exists with different settings.");
        }

        // Answered as created only once the create it repeats is stored (it may still be underway, or fail).
        await _state.WhenAllDurable();
        await Schedule();
        return View();
    }

    /// <summary>
    /// Registers the PK where aggregators find it, and the reminders that start and settle it. Each step is idempotent:
    /// a retried create repeats them all.
    /// </summary>
    private async Task Schedule()
    {
        if (Pk.Ended)
        {
            return;
        }

        var pk = Pk.Definition!;
        await Registry.Register(new PkEntry(PkId, pk.Participants[0].Kind, [.. pk.Participants.Select(p => p.Id)], pk.StartsAt, pk.EndsAt));
        var now = time.GetUtcNow();
        if (pk.StartsAt > now)
        {
            await this.RegisterOrUpdateReminder(StartReminder, pk.StartsAt - now, TimeSpan.FromMinutes(1));
        }

        await this.RegisterOrUpdateReminder(SettleReminder, Max(pk.EndsAt + options.Value.PkSettleDelay - now, TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1));
    }

    private PkUpdate View()
    {
        var pk = Pk.Definition!;
        var now = time.GetUtcNow();
        var status = Pk.Ended ? PkStatus.Ended : now < pk.StartsAt ? PkStatus.Scheduled : PkStatus.Running;
        var scores = pk.Participants.Select(p => new PkScore(p.Id, _scores.GetValueOrDefault(p.Id), p.Target, Pk.Reached.Contains(p.Id), Pk.Names.GetValueOrDefault(p.Id, p.Id))).ToImmutableArray();
        var best = scores.Max(s => s.Score);
        var leaders = scores.Where(s => s.Score == best).Select(s => s.Id).ToImmutableArray();
        var tie = status == PkStatus.Ended && leaders.Length > 1;
        var winner = status == PkStatus.Ended && leaders.Length == 1 ? leaders[0] : null;
        return new PkUpdate(PkId, Pk.Seq, scores, status, winner, pk.Title, pk.Metric, pk.Participants[0].Kind, pk.StartsAt, pk.EndsAt, tie, leaders);
    }

    private async Task Forget(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
