namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>A guide's or store's figures for one local day: the sums of the entries counted in it.</summary>
public readonly record struct DayTotals(long SalesAmount, int Orders, int NewMembers, long Commission)
{
    public DayTotals Add(SalesEntry entry) =>
        new(SalesAmount + entry.Amount, Orders + entry.Orders, NewMembers + entry.NewMembers, Commission + entry.Commission);
}
