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
/// the events of its participants, each counted once by id. A participant reaching its target is marked and, for a
/// guide, paid coins and alerted — once, retried until the guide acknowledged. After the window (and a short settle
/// for events still travelling) the board is frozen and the winner named, ties said plainly.
/// </summary>
[Reentrant]
public sealed class PkGrain(
    [PersistentState("pk", StorageNames.GrainState)] IPersistentState<PkState> storage,
    TimeProvider time,
    IOptions<ScoringOptions> options,
    UserNotifier notifier,
    ILogger<PkGrain> logger) : Grain, IPkGrain, IRemindable
{
    private const string StartReminder = "pk-start";
    private const string SettleReminder = "pk-settle";

    private EdgeWatchers<IScoreboardObserver> _watchers = null!;
    private StatePart<PkState> _state = null!;
    private bool _changed;
    private PkStatus _statusSent;

    private string PkId => this.GetPrimaryKeyString();

    private PkState Pk => _state.Live;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new StatePart<PkState>(storage, s => s.Copy());
        _watchers = new EdgeWatchers<IScoreboardObserver>(logger, () => $"PK {PkId}");
        this.RegisterGrainTimer(Tick, options.Value.PkPushInterval, options.Value.PkPushInterval);
        return Task.CompletedTask;
    }

    public async Task<PkUpdate> Create(CreatePk pk)
    {
        pk = pk with { Title = pk.Title?.Trim() ?? "" };
        pk.Validate().ThrowIfInvalid();
        if (Pk.Definition is { } existing)
        {
            return existing.Title == pk.Title && existing.Metric == pk.Metric && existing.StartsAt == pk.StartsAt && existing.EndsAt == pk.EndsAt
                && existing.Participants.SequenceEqual(pk.Participants)
                ? View()
                : throw DomainException.Conflict(ErrorCodes.PkConflict, $"PK '{PkId}' already exists with different settings.");
        }

        foreach (var guide in pk.Participants.Where(p => p.Kind == PkParticipantKind.Guide))
        {
            if (await GrainFactory.GetGrain<IGuideGrain>(guide.Id).GetProfile() is null)
            {
                throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{guide.Id}' does not exist.");
            }
        }

        Pk.Definition = pk;
        Pk.Scores = pk.Participants.ToDictionary(p => p.Id, _ => 0L);
        await _state.WriteAsync();
        await GrainFactory.GetGrain<IPkRegistryGrain>(IPkRegistryGrain.Key).Register(
            new PkEntry(PkId, pk.Participants[0].Kind, [.. pk.Participants.Select(p => p.Id)], pk.StartsAt, pk.EndsAt));
        var now = time.GetUtcNow();
        if (pk.StartsAt > now)
        {
            await this.RegisterOrUpdateReminder(StartReminder, pk.StartsAt - now, TimeSpan.FromMinutes(1));
        }

        await this.RegisterOrUpdateReminder(SettleReminder, Max(pk.EndsAt + options.Value.PkSettleDelay - now, TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1));
        _changed = true;
        return View();
    }

    public Task<PkUpdate?> Get() => Task.FromResult(Pk.Definition is null ? null : View());

    public async Task Apply(ImmutableArray<ScoreEvent> events)
    {
        if (Pk.Definition is not { } pk || Pk.Ended)
        {
            return;
        }

        var changed = false;
        foreach (var happened in events.Where(e => e.At >= pk.StartsAt && e.At < pk.EndsAt))
        {
            var points = pk.Metric switch
            {
                PkMetric.Sales when happened.Kind == ScoreEventKind.PaidOrder => happened.Amount,
                PkMetric.Orders when happened.Kind == ScoreEventKind.PaidOrder => 1,
                PkMetric.NewMembers when happened.Kind == ScoreEventKind.NewMember => 1,
                _ => 0,
            };
            var participant = pk.Participants.FirstOrDefault(p => p.Id == (p.Kind == PkParticipantKind.Guide ? happened.GuideId : happened.TeamId));
            if (points == 0 || participant is null || !Pk.Counted.Add(happened.EventId))
            {
                continue;
            }

            Pk.Scores[participant.Id] += points;
            changed = true;
            if (Pk.Scores[participant.Id] >= participant.Target && Pk.Reached.Add(participant.Id) && participant.Kind == PkParticipantKind.Guide)
            {
                Pk.RewardsDue.Add(participant.Id);
            }
        }

        if (changed)
        {
            _changed = true;
            await _state.WriteAsync();
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

        _watchers.Forget(time.GetUtcNow() - options.Value.EdgeSilence);
        if (_changed && _watchers.Any)
        {
            _changed = false;
            _statusSent = view.Status;
            Pk.Seq++;
            var update = view with { Seq = Pk.Seq };
            _watchers.Send(edge => edge.PkUpdate(update));
        }

        if (_watchers.Any || Pk.RewardsDue.Count > 0)
        {
            DelayDeactivation(TimeSpan.FromMinutes(2));
        }
    }

    /// <summary>Freezes the board once the window and the settle delay are over; true when the PK has ended.</summary>
    private async Task<bool> SettleIfDue()
    {
        if (Pk.Ended)
        {
            return true;
        }

        if (time.GetUtcNow() < Pk.Definition!.EndsAt + options.Value.PkSettleDelay)
        {
            return false;
        }

        Pk.Ended = true;
        _changed = true;
        await _state.WriteAsync();
        await GrainFactory.GetGrain<IPkRegistryGrain>(IPkRegistryGrain.Key).Unregister(PkId);
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

    private PkUpdate View()
    {
        var pk = Pk.Definition!;
        var now = time.GetUtcNow();
        var status = Pk.Ended ? PkStatus.Ended : now < pk.StartsAt ? PkStatus.Scheduled : PkStatus.Running;
        var scores = pk.Participants.Select(p => new PkScore(p.Id, Pk.Scores.GetValueOrDefault(p.Id), p.Target, Pk.Reached.Contains(p.Id))).ToImmutableArray();
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
