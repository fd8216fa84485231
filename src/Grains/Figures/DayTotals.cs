namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>A guide's, store's or live room's figures for one local day: the sums of the entries counted in it.</summary>
public readonly record struct DayTotals(long SalesAmount, int Orders, int NewMembers, long Commission)
{
    public DayTotals Add(SalesEntry entry) =>
        new(SalesAmount + entry.Amount, Orders + entry.Orders, NewMembers + entry.NewMembers, Commission + entry.Commission);

    public static DayTotals operator +(DayTotals left, DayTotals right) =>
        new(left.SalesAmount + right.SalesAmount, left.Orders + right.Orders, left.NewMembers + right.NewMembers, left.Commission + right.Commission);
}
