namespace PrivateDomain.Realtime.Silo.Extensions;

public enum StorageProvider
{
    Memory,
    PostgreSQL,
}
