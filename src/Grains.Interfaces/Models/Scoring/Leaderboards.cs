using System.Collections.Frozen;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>The boards: what each ranks, and which scopes it has (<c>all</c>, <c>region:{id}</c>, <c>team:{id}</c>).</summary>
public static class Leaderboards
{
    public const int DefaultTop = 50;
    public const int MaxTop = 500;

    public static readonly FrozenDictionary<string, BoardKind> Boards = new Dictionary<string, BoardKind>(StringComparer.Ordinal)
    {
        ["guide-sales"] = new(ScoreSubject.Guide, f => f.Sales, ByRegion: false),
        ["guide-new-members"] = new(ScoreSubject.Guide, f => f.NewMembers, ByRegion: false),
        ["guide-commission"] = new(ScoreSubject.Guide, f => f.Commission, ByRegion: false),
        ["region-new-members"] = new(ScoreSubject.Guide, f => f.NewMembers, ByRegion: true),
        ["store-sales"] = new(ScoreSubject.Store, f => f.Sales, ByRegion: false),
        ["room-gmv"] = new(ScoreSubject.Room, f => f.Sales, ByRegion: false),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Checks a board name and scope; a bad one is a 400 / <c>HubException</c>.</summary>
    public static void Validate(string board, string scope)
    {
        if (!Boards.ContainsKey(board ?? ""))
        {
            throw DomainException.Invalid(ErrorCodes.UnknownBoard, $"Board '{board}' does not exist; boards: {string.Join(", ", Boards.Keys)}.");
        }

        var valid = scope == "all"
            || (scope?.StartsWith("region:", StringComparison.Ordinal) == true && Validation.IsValidId(scope[7..]))
            || (scope?.StartsWith("team:", StringComparison.Ordinal) == true && Validation.IsValidId(scope[5..]));
        if (!valid)
        {
            throw DomainException.Invalid(ErrorCodes.ValidationFailed, $"Scope '{scope}' is not 'all', 'region:{{id}}' or 'team:{{id}}'.");
        }
    }

    /// <summary>A board ranks one kind of subject by one figure; region boards sum their guides per region.</summary>
    public sealed record BoardKind(ScoreSubject Subject, Func<ScoreFact, long> Score, bool ByRegion);
}
