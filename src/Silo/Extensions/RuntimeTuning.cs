namespace PrivateDomain.Realtime.Silo.Extensions;

/// <summary>Process-wide runtime settings that configuration cannot reach; each host applies them first thing.</summary>
public static class RuntimeTuning
{
    /// <summary>.NET's own switch (Linux and macOS) for running socket completions on the sockets' event threads.</summary>
    public const string InlineSocketCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Runs each socket completion on the event thread that saw it (.NET then keeps one such thread per core) instead of
    /// handing it to the thread pool. On small machines every hand-off woke a thread; without them the pool path, HTTP
    /// and live rooms did up to a tenth more per CPU-second under load (docs/benchmarks.md). It is safe only because
    /// nothing here blocks a thread (no <c>.Result</c> or <c>.Wait()</c>): a continuation that blocked would stall every
    /// socket of its event thread.
    /// </summary>
    /// <remarks>
    /// .NET reads the variable once, when the process first uses a socket, so this runs before the host is built. A value
    /// the operator set is left as it is: <c>0</c> turns it off.
    /// </remarks>
    public static void PreferInlineSocketCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineSocketCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletionsVariable, "1");
        }
    }
}
