using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// The rules of a guide's tasks from headquarters, over the tasks the guide's state holds: giving one (a repeat is
/// answered, other terms are a conflict), counting what happened toward the open ones once each, and completing a task
/// whose target is reached — its coins are paid in the same change, so a task is paid exactly when it is done.
/// Synchronous: the reentrant guide decides and changes in one step, then writes.
/// </summary>
public sealed class GuideTasks(Dictionary<string, GuideTaskRecord> tasks)
{
    /// <summary>Tasks a guide keeps at once; ended ones go after <see cref="KeptAfterEnd"/>, so the state stays small.</summary>
    public const int MaxKept = 200;

    public static readonly TimeSpan KeptAfterEnd = TimeSpan.FromDays(30);

    public GuideTask? Find(string taskId, DateTimeOffset now) => tasks.GetValueOrDefault(taskId)?.View(now);

    /// <summary>Open tasks first (soonest due first), then the ended ones, latest first.</summary>
    public ImmutableArray<GuideTask> All(DateTimeOffset now) =>
        [.. tasks.Values.Select(t => t.View(now))
            .OrderBy(t => t.Status == GuideTaskStatus.Open ? 0 : 1)
            .ThenBy(t => t.Status == GuideTaskStatus.Open ? t.DueAt.UtcTicks : -t.DueAt.UtcTicks)
            .ThenBy(t => t.TaskId, StringComparer.Ordinal)];

    /// <summary>The task, and whether it is new (a repeat with the same terms is answered as it stands).</summary>
    public (GuideTask Task, bool Assigned) Assign(AssignGuideTask terms, DateTimeOffset now)
    {
        if (tasks.TryGetValue(terms.TaskId, out var known))
        {
            return known.Terms == terms
                ? (known.View(now), false)
                : throw DomainException.Conflict(ErrorCodes.TaskConflict, $"Task '{terms.TaskId}' was already given with other terms.");
        }

        // After the repeat's answer, so a retried assignment is still answered once its task is due.
        new Validation()
            .Require(terms.DueAt > now, "dueAt", "dueAt must be in the future: a task already due could never be done.")
            .Require(terms.DueAt <= now + AssignGuideTask.MaxLeadTime, "dueAt", "dueAt must be at most 92 days ahead.")
            .ThrowIfInvalid();

        foreach (var ended in tasks.Values.Where(t => t.StatusAt(now) != GuideTaskStatus.Open && (t.CompletedAt ?? t.Terms.DueAt) < now - KeptAfterEnd).ToList())
        {
            tasks.Remove(ended.Terms.TaskId);
        }

        if (tasks.Count >= MaxKept)
        {
            throw DomainException.Conflict(ErrorCodes.TooManyTasks, $"The guide has {tasks.Count} tasks; ended ones are forgotten 30 days after they end.");
        }

        var task = new GuideTaskRecord { Terms = terms, AssignedAt = now };
        tasks[terms.TaskId] = task;
        return (task.View(now), true);
    }

    /// <summary>
    /// Counts <paramref name="happenedId"/> toward every open task of <paramref name="kind"/> whose window holds
    /// <paramref name="at"/> and that has not counted it yet; the tasks it changed, and those it completed.
    /// </summary>
    public (bool Changed, IReadOnlyList<GuideTask> Completed) Count(GuideTaskKind kind, string happenedId, DateTimeOffset at, DateTimeOffset now)
    {
        var changed = false;
        var completed = new List<GuideTask>();
        foreach (var task in tasks.Values.Where(t => t.Takes(kind, at)))
        {
            if (!task.Counted.Add(happenedId))
            {
                continue;
            }

            changed = true;
            if (task.Counted.Count >= task.Terms.Target)
            {
                task.CompletedAt = now;
                completed.Add(task.View(now));
            }
        }

        return (changed, completed);
    }

    /// <summary>A forward the guide app reports for one forward-material task; refused for other tasks and after its time.</summary>
    public (bool Changed, GuideTask? Completed) CountForward(string taskId, string forwardId, DateTimeOffset now)
    {
        var task = tasks.GetValueOrDefault(taskId) ?? throw DomainException.NotFound(ErrorCodes.UnknownTask, $"Task '{taskId}' does not exist.");
        if (task.Terms.Kind != GuideTaskKind.ForwardMaterial)
        {
            throw DomainException.Unprocessable(ErrorCodes.NotAForwardTask, $"Task '{taskId}' is not a forward-material task; what counts toward it is counted by itself.");
        }

        // A repeat of a counted forward is answered also after the task is due (its first answer may have been lost).
        if (task.Counted.Contains(forwardId) || task.CompletedAt is not null)
        {
            return (false, null);
        }

        if (task.StatusAt(now) == GuideTaskStatus.Expired)
        {
            throw DomainException.Conflict(ErrorCodes.TaskExpired, $"Task '{taskId}' was due at {task.Terms.DueAt:O}.");
        }

        task.Counted.Add(forwardId);
        if (task.Counted.Count < task.Terms.Target)
        {
            return (true, null);
        }

        task.CompletedAt = now;
        return (true, task.View(now));
    }
}
