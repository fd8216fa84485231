using Microsoft.Extensions.Logging;

namespace PrivateDomain.Realtime.Grains;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Ledger write failed for pool {PoolId}; deactivating to rebuild from the ledger")]
    public static partial void LedgerWriteFailed(ILogger logger, string poolId, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Snapshot write failed for pool {PoolId}; the ledger still holds every line")]
    public static partial void SnapshotWriteFailed(ILogger logger, string poolId, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Could not change the expiry reminder of pool {PoolId}")]
    public static partial void ReminderChangeFailed(ILogger logger, string poolId, Exception exception);
}
