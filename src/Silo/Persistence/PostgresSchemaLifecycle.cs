using Orleans.Runtime;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Runs <see cref="PostgresSchema"/> before any Orleans provider reads its queries.</summary>
internal sealed class PostgresSchemaLifecycle(PostgresSchema schema) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaLifecycle), ServiceLifecycleStage.First, schema.EnsureCreatedAsync);
}
