namespace PrivateDomain.Realtime.Edge;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "The cluster did not answer a request")]
    public static partial void ClusterUnavailable(ILogger logger, Exception exception);
}
