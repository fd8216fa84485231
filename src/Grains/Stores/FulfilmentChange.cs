using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>A line to add to a store's queue, or (with <see cref="DoneAt"/>) one the store has shipped or handed over.</summary>
public sealed record FulfilmentChange(FulfilmentLine Line, DateTimeOffset? DoneAt);
