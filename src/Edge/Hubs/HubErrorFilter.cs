using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// Every hub call: a per-connection budget (a client in a loop is refused, not served), and a refused domain call
/// reaches the client as a <see cref="HubException"/> "code: reason", as does a failure worth retrying ("unavailable: …");
/// anything else stays a generic error. Logging is done here, not by SignalR's dispatcher (silenced in
/// appsettings.json), which logs every exception a hub method throws as an error, refusals included: a comment refused
/// as too fast is the contract working, and at a few thousand a second it would drown the log.
/// </summary>
public sealed class HubErrorFilter(IOptions<LiveEdgeOptions> options, TimeProvider time, UnavailabilityLog unavailability, ILogger<HubErrorFilter> logger) : IHubFilter
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
        catch (HubException)
        {
            throw; // a refusal the hub itself made, already in the client's terms
        }
        catch (Exception ex) when (Unavailability.Explain(ex) is { } notNow)
        {
            unavailability.Report(ex);
            throw new HubException($"{EdgeErrorCodes.Unavailable}: {notNow}");
        }
        catch (Exception ex)
        {
            Log.HubCallFailed(logger, invocation.HubMethodName, ex);
            throw;
        }
    }
}
