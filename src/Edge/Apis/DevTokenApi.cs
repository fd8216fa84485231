using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>Issues tokens to anyone who asks. Mapped only in the Development environment.</summary>
public static class DevTokenApi
{
    public static IEndpointRouteBuilder MapDevTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dev/token", IssueDevelopmentToken).WithTags("Development").AllowAnonymous();
        return app;
    }

    public static Results<Ok<TokenResponse>, ValidationProblem> IssueDevelopmentToken(DevTokenRequest request, TokenIssuer issuer)
    {
        var validation = new Validation()
            .RequireId(request.UserId, "userId")
            .Require(request.Role is not null && Roles.All.Contains(request.Role), "role", "role must be 'member', 'guide', 'ops' or 'dealer'.")
            .Require(request.Identities is null || request.Role == Roles.Member, "identities", "identities are a member's; only a member token carries them.")
            .Require(request.Identities is null || request.Identities.Count <= MemberIdentity.MaxPerMember, "identities", $"at most {MemberIdentity.MaxPerMember} identities.")
            .Require(request.Identities is null || request.Identities.All(i => i is not null && MemberIdentity.IsValid(i.Channel, i.Id)), "identities", MemberIdentity.Rule);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(new TokenResponse(issuer.Issue(request.UserId!, request.Role!, request.Identities)));
    }
}
