using PrivateDomain.Realtime.LoadTests.Harness;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>The region, livestream store and host guides the host scenarios (host-sales, host-customers) run in.</summary>
internal static class HostStudio
{
    public const string Region = "host";
    public const string Store = "host-store";

    public static async Task DefineAsync(EdgeUnderTest edge, string ops, CancellationToken cancellationToken)
    {
        await edge.SendAsync(HttpMethod.Put, $"/api/regions/{Region}", ops, new { name = "Host city" }, cancellationToken);
        await edge.SendAsync(HttpMethod.Put, $"/api/stores/{Store}", ops, new
        {
            name = "Livestream studio", regionId = Region, latitude = 31.2352, longitude = 121.48, ownerAccountId = "brand", ownership = "direct",
        }, cancellationToken);
    }

    public static async Task<string> DefineGuideAsync(EdgeUnderTest edge, string ops, string guideId, CancellationToken cancellationToken)
    {
        await edge.SendAsync(HttpMethod.Put, $"/api/guides/{guideId}", ops, new { name = $"Host {guideId}", storeId = Store, teamId = "team-live" }, cancellationToken);
        return guideId;
    }
}
