using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// Every hub call: a per-connection budget (a client in a loop is refused, not served), and a refused domain call
/// reaches the client as a <see cref="HubException"/> "code: reason", as does a failure worth retrying ("unavailable: …");
/// anything else stays a generic error.
/// </summary>
public sealed class HubErrorFilter(IOptions<LiveEdgeOptions> options, TimeProvider time) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var items = invocation.Context.Items;
        if (!items.TryGetValue(typeof(CallBudget), out var existing) || existing is not CallBudget budget)
        {
            items[typeof(CallBudget)] = budget = new CallBudget(options.Value.InvocationsPerSecond, time);
        }

        if (!budget.TryTake())
        {
            throw new HubException($"{EdgeErrorCodes.RateLimited}: too many calls on this connection; slow down.");
        }

        try
        {
            return await next(invocation);
        }
        catch (DomainException ex)
        {
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
        catch (Exception ex) when (Unavailability.Explain(ex) is { } notNow)
        {
            throw new HubException($"{EdgeErrorCodes.Unavailable}: {notNow}");
        }
    }
}
