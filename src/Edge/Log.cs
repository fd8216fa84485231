namespace PrivateDomain.Realtime.Edge;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "The cluster or its database did not answer a request ({HeldBack} more since the last such warning)")]
    public static partial void ClusterUnavailable(ILogger logger, int heldBack, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Could not register this Edge in the edge directory ({Failures} tries failed in {Lasted}); retried every second, logged once a minute while it lasts")]
    public static partial void EdgeRegistrationFailed(ILogger logger, int failures, TimeSpan lasted, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Could not tell {Failed} watched topics how many of their watchers are on this Edge (the first: {Topic}); will retry")]
    public static partial void WatcherReportsFailed(ILogger logger, int failed, string topic, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Could not push to a connection of user {UserId} on this Edge")]
    public static partial void LocalPushFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Silo {Silo} left the cluster; registering this Edge and reporting its watchers again")]
    public static partial void SiloLeft(ILogger logger, SiloAddress silo);

    [LoggerMessage(6, LogLevel.Error, "Hub method {Method} failed")]
    public static partial void HubCallFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "This Edge is registered in the edge directory again, after {Failures} failed tries in {Lasted}")]
    public static partial void EdgeRegisteredAgain(ILogger logger, int failures, TimeSpan lasted);

    [LoggerMessage(8, LogLevel.Information, "Batches of room {RoomId} after seq {Seq} did not reach this Edge and could not be fetched; its viewers here re-join")]
    public static partial void MissedBatchesNotFetched(ILogger logger, string roomId, long seq, Exception? exception);

    [LoggerMessage(9, LogLevel.Warning, "Development environment: POST /api/dev/token issues a token of any role to anyone who asks. Never run an Edge reachable by others so (dotnet run applies launchSettings.json; use --no-launch-profile or a published build)")]
    public static partial void DevTokensServed(ILogger logger);
}
