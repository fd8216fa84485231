namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>A <c>400 validation-failed</c> answer as the tests read it: its code and the fields it names.</summary>
internal sealed record HttpValidationProblem(int Status, string Code, Dictionary<string, string[]> Errors);
