using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// <c>docs/api.md</c> is what client developers read, so it must name exactly what the Edge serves: every route it
/// maps and no route it does not, every hub method and every event it pushes. Compared with the running Edge's own
/// endpoint table and the hub types, so a route added, renamed or removed without the docs fails here; and every error
/// code the Edge and the grains answer with.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed partial class ApiDocsTests(EdgeFixture fixture)
{
    private static readonly string Docs = RepositoryFiles.ReadAllText("docs", "api.md");

    [Fact]
    public void EveryMappedRoute_IsInTheDocs_AndEveryDocumentedRouteIsMapped()
    {
        var mapped = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<HubMetadata>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} {Normalized(endpoint.RoutePattern.RawText)}"))
            .ToHashSet();
        var documented = DocumentedRoutes().ToHashSet();

        Assert.Empty(mapped.Except(documented).Order());
        Assert.Empty(documented.Except(mapped).Order());
    }

    [Theory]
    [InlineData(typeof(LiveHub), "## `/hubs/live`")]
    [InlineData(typeof(ScoreboardHub), "## `/hubs/scoreboard`")]
    [InlineData(typeof(NotificationsHub), "## `/hubs/notifications`")]
    public void EveryHubMethod_IsInItsSection_AndEveryDocumentedMethodExists(Type hub, string heading)
    {
        var section = Section(heading);
        var methods = hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName && method.GetBaseDefinition().DeclaringType == hub)
            .Select(method => method.Name)
            .ToHashSet();
        var documented = HubCall().Matches(section).Select(match => match.Groups["name"].Value).ToHashSet();

        Assert.Empty(methods.Except(documented).Order());
        Assert.Empty(documented.Except(methods).Order());
    }

    [Theory]
    [InlineData(typeof(ILiveClient), "## `/hubs/live`")]
    [InlineData(typeof(IScoreboardClient), "## `/hubs/scoreboard`")]
    [InlineData(typeof(INotificationsClient), "## `/hubs/notifications`")]
    public void EveryEventPushed_IsInItsSection(Type client, string heading)
    {
        var section = Section(heading);

        Assert.All(client.GetMethods(), method => Assert.Contains($"| `{method.Name}` |", section, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(typeof(PrivateDomain.Realtime.Grains.Interfaces.ErrorCodes))]
    [InlineData(typeof(PrivateDomain.Realtime.Edge.Errors.EdgeErrorCodes))]
    public void EveryErrorCode_IsInTheDocs(Type codes)
    {
        // Clients branch on the code: one the docs never name is one a client cannot handle on purpose.
        var named = codes.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);

        Assert.Empty(named.Where(code => !Regex.IsMatch(Docs, $@"(?<![\w-]){Regex.Escape(code)}(?![\w-])")).Order());
    }

    /// <summary>
    /// The routes in the docs' tables: a first cell's <c>`METHOD /route?query`</c>, and the <c>`/end`</c> after
    /// <c>`POST …/start` ·</c>, which stands for the same route with its last segment replaced.
    /// </summary>
    private static IEnumerable<string> DocumentedRoutes()
    {
        foreach (var line in Docs.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = line.Split('|')[1];
            var route = DocumentedRoute().Match(firstCell);
            if (!route.Success)
            {
                continue;
            }

            var method = route.Groups["method"].Value;
            var path = Normalized(route.Groups["path"].Value);
            yield return $"{method} {path}";
            foreach (Match sibling in SiblingRoute().Matches(firstCell))
            {
                yield return $"{method} {path[..path.LastIndexOf('/')]}{sibling.Groups["last"].Value}";
            }
        }
    }

    private static string Section(string heading)
    {
        var start = Docs.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/api.md has no '{heading}' section");
        var end = Docs.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? Docs[start..] : Docs[start..end];
    }

    private static string Normalized(string? route) => "/" + (route ?? "").Split('?')[0].Trim('/');

    [GeneratedRegex(@"`(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^` ]*)`")]
    private static partial Regex DocumentedRoute();

    [GeneratedRegex(@"` · `(?<last>/[^` ]+)`")]
    private static partial Regex SiblingRoute();

    [GeneratedRegex(@"`(?<name>[A-Z]\w*)\(")]
    private static partial Regex HubCall();
}
