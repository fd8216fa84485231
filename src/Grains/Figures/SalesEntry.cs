namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>
/// One thing counted in a guide's or a store's figures for a local day — a sale, or a new customer — under the id that
/// makes counting it idempotent (the sale id, or <c>member:{memberId}</c>).
/// </summary>
public sealed record SalesEntry(string EntryId, DateOnly Day, long Amount, int Orders, int NewMembers, long Commission);
