namespace PrivateDomain.Realtime.Grains.Fanout;

/// <summary>
/// Where numbers a grain hands out go on after an activation. Numbers given since the last state write are lost with
/// the old activation, yet Edges and clients may hold them: Edges and dashboards ignore an update numbered no higher
/// than one they have, and a client keeps comments by id. A new activation counting on from storage (or from 1) would
/// repeat them — its updates unseen until they passed the old ones (hours at a few a second), its comments taken for
/// others. The activation's clock is above any number an earlier activation reached at the rates these grow.
/// </summary>
internal static class UpdateNumbers
{
    /// <summary>For update numbers (a few to ten a second): the clock in milliseconds.</summary>
    public static long AfterActivation(TimeProvider time, long stored = 0) => Math.Max(stored, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>
    /// For ids a busy grain gives many of (a room's comments, up to a few thousand a second): the clock in
    /// microseconds, so an earlier activation would have had to give more than a thousand a millisecond to reach it.
    /// Still below 2^53 (JavaScript's exact integers) for two centuries.
    /// </summary>
    public static long IdsAfterActivation(TimeProvider time, long stored) => Math.Max(stored, time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000);
}
