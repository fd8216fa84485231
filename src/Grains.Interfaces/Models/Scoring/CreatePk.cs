using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>Operations set up a PK: 2–9 guides or 2–9 teams, one metric, a target each, a window.</summary>
[GenerateSerializer, Immutable, Alias("pd.CreatePk")]
public sealed record CreatePk(
    [property: Id(0)] string Title,
    [property: Id(1)] PkMetric Metric,
    [property: Id(2)] ImmutableArray<PkParticipant> Participants,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] DateTimeOffset EndsAt)
{
    public Validation Validate()
    {
        var participants = Participants.IsDefault ? [] : Participants;
        var validation = new Validation()
            .RequireName(Title, "title")
            .Require(Enum.IsDefined(Metric), "metric", "metric must be 'sales', 'orders' or 'newMembers'.")
            .Require(participants.Length is >= 2 and <= 9, "participants", "a PK has 2 to 9 participants.")
            .Require(participants.Select(p => p.Kind).Distinct().Count() <= 1, "participants", "participants are all guides or all teams.")
            .Require(participants.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() == participants.Length, "participants", "each participant appears once.")
            .Require(participants.All(p => p.Target is > 0 and <= 100_000_000_000), "participants", "each target must be between 1 and 100,000,000,000.")
            .Require(EndsAt > StartsAt, "endsAt", "endsAt must be after startsAt.")
            .Require(EndsAt - StartsAt <= TimeSpan.FromDays(31), "endsAt", "a PK lasts at most 31 days.");
        foreach (var participant in participants)
        {
            validation.RequireId(participant.Id, "participants");
        }

        return validation;
    }
}
