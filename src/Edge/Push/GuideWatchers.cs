namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// Operators viewing a guide's app (<see cref="Hubs.NotificationsHub.WatchGuide"/>), who receive the guide's alerts as
/// the guide does: through the SignalR group of the guide's watchers (across Edges by Redis, like a user's pushes), or,
/// while the backplane is down, straight to this Edge's watchers, listed by guide in the <see cref="LocalUsers"/>
/// registered under <see cref="Key"/>.
/// </summary>
public static class GuideWatchers
{
    public const string Key = "guide-watchers";

    public static string Group(string guideId) => $"guide-watchers:{guideId}";
}
