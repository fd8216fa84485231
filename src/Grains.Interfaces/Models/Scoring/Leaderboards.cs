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
        if (!Boards.TryGetValue(board ?? "", out var kind))
        {
            throw DomainException.Invalid(ErrorCodes.UnknownBoard, $"Board '{board}' does not exist; boards: {string.Join(", ", Boards.Keys)}.");
        }

        var isTeam = scope?.StartsWith("team:", StringComparison.Ordinal) == true && Validation.IsValidId(scope[5..]);
        var valid = scope == "all"
            || (scope?.StartsWith("region:", StringComparison.Ordinal) == true && Validation.IsValidId(scope[7..]))
            || isTeam;
        if (!valid)
        {
            throw DomainException.Invalid(ErrorCodes.ValidationFailed, $"Scope '{scope}' is not 'all', 'region:{{id}}' or 'team:{{id}}'.");
        }

        // Teams are guides' (a store or a room belongs to none), so a store or room board in a team's scope would be
        // empty whatever happened: a mistaken request, said so rather than answered with an empty board.
        if (isTeam && kind.Subject != ScoreSubject.Guide)
        {
            throw DomainException.Invalid(ErrorCodes.ValidationFailed, $"Board '{board}' has no team scopes; its scopes are 'all' and 'region:{{id}}'.");
        }
    }

    /// <summary>A board ranks one kind of subject by one figure; region boards sum their guides per region.</summary>
    public sealed record BoardKind(ScoreSubject Subject, Func<ScoreFact, long> Score, bool ByRegion);
}
