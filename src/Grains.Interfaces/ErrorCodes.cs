namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The stable error codes of the client contract (problem details <c>code</c>, hub exception reason).</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation-failed";
    public const string UnknownRegion = "unknown-region";
    public const string UnknownStore = "unknown-store";
    public const string UnknownSku = "unknown-sku";
    public const string KeyMismatch = "key-mismatch";
}
