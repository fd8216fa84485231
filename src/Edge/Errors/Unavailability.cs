using System.Data.Common;
using Orleans.Runtime;
using Orleans.Storage;

namespace PrivateDomain.Realtime.Edge.Errors;

/// <summary>
/// Failures that say "not now" rather than "no": the cluster or its database did not answer, or a grain's stored state
/// changed under it (it reloads on the next call). The request changed nothing that was acknowledged, and the same
/// request with the same id may simply be sent again — so clients get 503 <c>unavailable</c>, not a 500.
/// </summary>
internal static class Unavailability
{
    /// <summary>
    /// What to tell the client, or null when the failure is not one of these. Storage failures arrive wrapped (Orleans's
    /// storage providers and activations wrap the driver's exception), so the whole chain is looked at; a database
    /// error that is not transient — a bad statement — stays the server error it is.
    /// </summary>
    public static string? Explain(Exception exception)
    {
        for (var failure = exception; failure is not null; failure = failure.InnerException)
        {
            switch (failure)
            {
                case SiloUnavailableException or OrleansMessageRejectionException or TimeoutException:
                    return "The cluster did not answer in time; retry with the same id.";
                case DbException { IsTransient: true } or InconsistentStateException:
                    return "Storage is not available right now; retry with the same id.";
            }
        }

        return null;
    }
}
