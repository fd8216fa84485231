using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Errors;

/// <summary>Problem-details results that always carry the contract's stable <c>code</c>.</summary>
public static class Problems
{
    public const string CodeExtension = "code";

    public static ValidationProblem Validation(Validation validation) =>
        TypedResults.ValidationProblem(
            validation.Errors,
            detail: "One or more fields are invalid; nothing was changed.",
            extensions: Code(ErrorCodes.ValidationFailed));

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Validation().Add(field, message));

    public static ProblemHttpResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, code, detail);

    public static ProblemHttpResult Forbidden(string code, string detail) => Problem(StatusCodes.Status403Forbidden, code, detail);

    public static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), extensions: Code(code));

    private static Dictionary<string, object?> Code(string code) => new() { [CodeExtension] = code };
}
