namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// Gives every grain's <c>[PersistentState]</c> the rule that a failed write or clear deactivates the grain. After such
/// a failure memory is ahead of storage — and when the write landed but its answer was lost, the grain's ETag is
/// behind storage's, so every later write would conflict. A busy grain is never idle, so without this it would keep
/// answering from state it could not store, and fail every write, until its silo restarts. Deactivated, its next
/// activation reads what storage holds; the failed caller retries, and idempotency ids make the retry count once.
/// </summary>
internal sealed class DeactivateOnFailedWriteStateFactory : IPersistentStateFactory
{
    private readonly PersistentStateFactory _orleans = new();

    public IPersistentState<TState> Create<TState>(IGrainContext context, IPersistentStateConfiguration config) =>
        new DeactivateOnFailedWriteState<TState>(_orleans.Create<TState>(context, config), context);

    private sealed class DeactivateOnFailedWriteState<TState>(IPersistentState<TState> state, IGrainContext grain) : IPersistentState<TState>
    {
        public TState State
        {
            get => state.State;
            set => state.State = value;
        }

        public string? Etag => state.Etag;

        public bool RecordExists => state.RecordExists;

        public Task ReadStateAsync() => state.ReadStateAsync();

        public Task ReadStateAsync(CancellationToken cancellationToken) => state.ReadStateAsync(cancellationToken);

        public Task WriteStateAsync() => DeactivateOnFailure(state.WriteStateAsync(), "write");

        public Task WriteStateAsync(CancellationToken cancellationToken) => DeactivateOnFailure(state.WriteStateAsync(cancellationToken), "write");

        public Task ClearStateAsync() => DeactivateOnFailure(state.ClearStateAsync(), "clear");

        public Task ClearStateAsync(CancellationToken cancellationToken) => DeactivateOnFailure(state.ClearStateAsync(cancellationToken), "clear");

        private async Task DeactivateOnFailure(Task operation, string name)
        {
            try
            {
                await operation;
            }
            catch (Exception ex)
            {
                // Without the exception itself: given one, Orleans rejects the requests that queued up meanwhile with it,
                // where it should hand them to the next activation.
                grain.Deactivate(new DeactivationReason(
                    DeactivationReasonCode.ApplicationRequested, $"A state {name} failed ({ex.GetType().Name}: {ex.Message}); memory may be ahead of storage."));
                throw;
            }
        }
    }
}
