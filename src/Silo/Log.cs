using Microsoft.Extensions.Logging;

namespace PrivateDomain.Realtime.Silo;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Applied schema script {Script}")]
    public static partial void SchemaScriptApplied(ILogger logger, string script);

    [LoggerMessage(2, LogLevel.Information, "Demo data already present; not seeding")]
    public static partial void DemoDataPresent(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "Seeded the demo brand in {Milliseconds:0} ms")]
    public static partial void DemoDataSeeded(ILogger logger, double milliseconds);
}
