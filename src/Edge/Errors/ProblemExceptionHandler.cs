using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.WebUtilities;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Errors;

/// <summary>
/// Turns the exceptions that mean "the client asked for something we refuse" into problem details, so a
/// client mistake is never a 500. Anything else stays unhandled and is logged as the server error it is.
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<JsonOptions> json,
    UnavailabilityLog unavailability) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            DomainException domain => ((int)domain.Kind, domain.Code, domain.Message),
            BadHttpRequestException { InnerException: JsonException json } badRequest =>
                (badRequest.StatusCode, EdgeErrorCodes.MalformedRequest, $"The request body is not valid JSON for this call (at {json.Path ?? "$"}{NamesExpected(json)})."),
            BadHttpRequestException badRequest => (badRequest.StatusCode, EdgeErrorCodes.MalformedRequest, Explain(badRequest)),
            _ when Unavailability.Explain(exception) is { } notNow => (StatusCodes.Status503ServiceUnavailable, EdgeErrorCodes.Unavailable, notNow),
            _ => (0, "", ""),
        };

        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            unavailability.Report(exception);
        }

        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = ReasonPhrases.GetReasonPhrase(status),
                Detail = detail,
                Extensions = { [Problems.CodeExtension] = code },
            },
        };

        // The refusal's facts (what is available, which stores have it) become top-level problem members.
        if (exception is DomainException { Details: { } details })
        {
            var facts = JsonSerializer.SerializeToElement(details, details.GetType(), json.Value.SerializerOptions);
            foreach (var fact in facts.EnumerateObject())
            {
                context.ProblemDetails.Extensions[fact.Name] = fact.Value;
            }
        }

        return await problemDetails.TryWriteAsync(context);
    }

    /// <summary>
    /// The framework's binding failures in the client's terms: its messages name CLR types and suggest services
    /// (<c>Failed to bind parameter "Nullable&lt;long&gt; after" from "abc"</c>). Any other message is kept as it is.
    /// </summary>
    private static string Explain(BadHttpRequestException badRequest)
    {
        if (MissingBody().IsMatch(badRequest.Message))
        {
            return "This call needs a JSON body.";
        }

        return UnboundParameter().Match(badRequest.Message) is { Success: true } unbound
            ? $"'{unbound.Groups["value"].Value}' is not a valid value for '{unbound.Groups["name"].Value}'."
            : badRequest.Message;
    }

    /// <summary>Where the types of request bodies are: the Edge's contracts and the shared models.</summary>
    private static readonly Assembly[] BodyAssemblies = [typeof(ProblemExceptionHandler).Assembly, typeof(ErrorCodes).Assembly];

    /// <summary>
    /// For a value that is none of an enum's names (<c>"metric": "gmv"</c>), the names it takes, as this API writes
    /// them. The reader's message names only the CLR type holding the property (the last step of the path); nothing is
    /// added for any other JSON error.
    /// </summary>
    private string NamesExpected(JsonException error)
    {
        if (NotConvertedTo().Match(error.Message) is not { Success: true } match)
        {
            return "";
        }

        var holder = BodyAssemblies.Select(a => a.GetType(match.Groups["type"].Value)).FirstOrDefault(t => t is not null);
        var property = holder?.GetProperty(match.Groups["property"].Value, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type is not { IsEnum: true })
        {
            return "";
        }

        var names = Enum.GetValues(type).Cast<object>().Select(value => JsonSerializer.Serialize(value, type, json.Value.SerializerOptions));
        return $": one of {string.Join(", ", names)}";
    }

    // "The JSON value could not be converted to PrivateDomain.….PkRequest. Path: $.metric | LineNumber: …"
    [GeneratedRegex(@"could not be converted to (?<type>[\w.+]+)\. Path: \S*?\.(?<property>\w+) \|")]
    private static partial Regex NotConvertedTo();

    [GeneratedRegex("^Implicit body inferred for parameter \"[^\"]+\" but no body was provided|^Required parameter \"[^\"]+ body\" was not provided")]
    private static partial Regex MissingBody();

    [GeneratedRegex("^Failed to bind parameter \"\\S+ (?<name>\\w+)\" from \"(?<value>.*)\"\\.$")]
    private static partial Regex UnboundParameter();
}
