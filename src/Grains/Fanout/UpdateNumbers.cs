namespace PrivateDomain.Realtime.Grains.Fanout;

/// <summary>
/// Where a PK's or a board's update numbers go on after an activation. Edges and dashboards ignore an update numbered no
/// higher than one they have, and numbers sent since the last state write are lost with the old activation, so a
/// new activation counting on from storage (or from 1) would go unseen until it passed them — hours at a few updates a
/// second. The activation's clock in milliseconds is above any number an earlier one sent at that rate. (A room, whose
/// numbers grow by one per batch so viewers can see a gap, skips a fixed distance instead: it stores its number with
/// every state flush.)
/// </summary>
internal static class UpdateNumbers
{
    public static long AfterActivation(TimeProvider time, long stored = 0) => Math.Max(stored, time.GetUtcNow().ToUnixTimeMilliseconds());
}
