namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>The key of a SKU-region inventory pool: <c>{sku}@{region}</c>.</summary>
public static class PoolKey
{
    public static string For(string sku, string regionId) => $"{sku}@{regionId}";

    public static (string Sku, string RegionId) Parse(string key)
    {
        var at = key.LastIndexOf('@');
        return at <= 0 || at == key.Length - 1
            ? throw new ArgumentException($"'{key}' is not a pool key of the form sku@region.", nameof(key))
            : (key[..at], key[(at + 1)..]);
    }
}
