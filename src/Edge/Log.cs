namespace PrivateDomain.Realtime.Edge;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "The cluster or its database did not answer a request")]
    public static partial void ClusterUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Could not register this Edge in the edge directory; will retry")]
    public static partial void EdgeRegistrationFailed(ILogger logger, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Could not tell {Topic} how many of its watchers are on this Edge; will retry")]
    public static partial void WatcherReportFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Could not push to a connection of user {UserId} on this Edge")]
    public static partial void LocalPushFailed(ILogger logger, string userId, Exception exception);
}
