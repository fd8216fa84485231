using Microsoft.Extensions.Logging;

namespace PrivateDomain.Realtime.Grains;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Ledger write failed for pool {PoolId}; deactivating to rebuild from the ledger")]
    public static partial void LedgerWriteFailed(ILogger logger, string poolId, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Snapshot write failed for pool {PoolId}; the ledger still holds every line")]
    public static partial void SnapshotWriteFailed(ILogger logger, string poolId, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Could not change the reminder {Reminder} of {GrainId} (and {HeldBack} more reminder changes failed since the last such line)")]
    public static partial void ReminderChangeFailed(ILogger logger, string reminder, string grainId, int heldBack, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "{Owner}: {Effect} was refused for good ({Code}: {Reason}); dropped")]
    public static partial void EffectRefused(ILogger logger, string owner, string effect, string code, string reason);

    [LoggerMessage(5, LogLevel.Warning, "{Owner}: {Effect} could not be delivered yet; will retry (and {HeldBack} more effects not delivered since the last such line)")]
    public static partial void EffectDeferred(ILogger logger, string owner, string effect, int heldBack, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Could not push to {Recipient} (and {HeldBack} more pushes failed since the last such line)")]
    public static partial void PushFailed(ILogger logger, string recipient, int heldBack, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "{Subject} could not send its update to edge {EdgeId}")]
    public static partial void EdgeUpdateFailed(ILogger logger, string subject, string edgeId, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "Room {RoomId}: units of sale {SaleId} not given back to the pool ({Code}); the pool already has them")]
    public static partial void SaleGiveBackSkipped(ILogger logger, string roomId, string saleId, string code);

    [LoggerMessage(9, LogLevel.Warning, "A score flush took {Elapsed} (waited {Waited} to start, PK list {Registry}, applying {Applying}): callers of Report waited as long")]
    public static partial void SlowScoreFlush(ILogger logger, TimeSpan elapsed, TimeSpan waited, TimeSpan registry, TimeSpan applying);

    [LoggerMessage(10, LogLevel.Warning, "{Count} live rooms' reports did not reach the room directory ({FailedCalls} calls failed in {Failing}); retried every second, logged once a minute while it lasts")]
    public static partial void RoomReportsNotSent(ILogger logger, Exception exception, int count, int failedCalls, TimeSpan failing);

    [LoggerMessage(11, LogLevel.Warning, "Order {OrderId}: its expiry could not be recorded; will retry (and {HeldBack} more since the last such line)")]
    public static partial void OrderExpiryNotRecorded(ILogger logger, string orderId, int heldBack, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "Live rooms' reports reach the room directory again, after {FailedCalls} failed calls in {Failing}")]
    public static partial void RoomReportsSentAgain(ILogger logger, int failedCalls, TimeSpan failing);

    [LoggerMessage(13, LogLevel.Warning, "Pool {PoolId}: its available quantity was not published for the store pages (and {HeldBack} more since the last such line); its next sweep publishes it again")]
    public static partial void AvailabilityNotPublished(ILogger logger, string poolId, int heldBack, Exception exception);

    [LoggerMessage(14, LogLevel.Information, "Order {OrderId} expired, but its reservations could not be released now; they lapse by themselves within {Grace}")]
    public static partial void ExpiredOrderStockNotReleased(ILogger logger, string orderId, TimeSpan grace, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Room {RoomId}: units of sale {SaleId} could not be given back to the pool yet; retried by housekeeping (and {HeldBack} more since the last such line)")]
    public static partial void SaleGiveBackFailed(ILogger logger, string roomId, string saleId, int heldBack, Exception exception);

    [LoggerMessage(16, LogLevel.Warning, "Room {RoomId} did not take the count of coupon drop {DropId}; sent again every second until it lands")]
    public static partial void CouponDropNotReported(ILogger logger, string roomId, string dropId, Exception exception);
}
