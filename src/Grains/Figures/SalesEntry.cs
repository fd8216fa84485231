namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>
/// One thing counted in a guide's, a store's or a live room's figures for a local day — a sale, a paid order, or a new
/// customer — under the id that makes counting it idempotent (the order id, <c>instore/{saleId}</c>, or <c>member/{memberId}</c>).
/// </summary>
public sealed record SalesEntry(string EntryId, DateOnly Day, long Amount, int Orders, int NewMembers, long Commission);
