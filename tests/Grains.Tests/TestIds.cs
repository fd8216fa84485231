namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>Unique ids, so tests sharing one cluster never see each other's grains.</summary>
internal static class TestIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
}
