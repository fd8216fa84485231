using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>A failure that is nobody's refusal — a bug — is a 500 problem with its own code, and tells the client nothing of the server's insides.</summary>
public sealed class ServerErrorTests
{
    private const string Internals = "pool state torn at ledger line 42 (injected by the test)";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task AnUnexpectedFailure_IsA500Problem_CodedInternalError_WithoutTheExceptionsText(string environment)
    {
        var bug = new FailingGrainCalls(typeof(IInventoryPoolGrain), nameof(IInventoryPoolGrain.GetInventory), () => new InvalidOperationException(Internals));
        await using var app = new EdgeApplication(
            new Dictionary<string, string?> { ["Auth:SigningKey"] = new string('k', 40) },
            environment: environment,
            services: services => services.AddSingleton<IIncomingGrainCallFilter>(bug));
        using var member = app.ClientAs("member-1", Roles.Member);

        bug.Armed = true;
        var failed = await member.GetAsync("/api/inventory/sh/serum", Cancel);
        bug.Armed = false;
        var afterwards = await member.GetAsync("/api/inventory/sh/serum", Cancel);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        var body = await failed.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(EdgeErrorCodes.InternalError, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("ledger line 42", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.InternalServerError, afterwards.StatusCode);
    }
}
