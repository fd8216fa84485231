using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// A hub protocol (JSON or MessagePack) that says what a hub method takes when a call's arguments cannot be bound to
/// it — a string where a number goes, one argument too few. SignalR would answer only "Failed to invoke 'X' due to an
/// error on the server", without a code, unless detailed errors were on for every exception the server throws; a
/// client's own wrong arguments get the <c>validation-failed: reason</c> every other refusal gets, and nothing more of
/// the server is shown. Nothing is invoked either way.
/// </summary>
public sealed class ArgumentMismatchProtocol(IHubProtocol inner) : IHubProtocol
{
    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        // A HubException is SignalR's own and already says what is wrong ("Method does not exist.").
        if (message is InvocationBindingFailureMessage { BindingFailure.SourceException: not HubException } failure)
        {
            var explained = new HubException($"{ErrorCodes.ValidationFailed}: {Expected(failure.Target, binder)}");
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(explained));
        }

        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    private static string Expected(string method, IInvocationBinder binder)
    {
        var parameters = binder.GetParameterTypes(method);
        var names = string.Join(", ", parameters.Select(ClientTypeName));
        return $"{method} takes {parameters.Count} argument{(parameters.Count == 1 ? "" : "s")} ({names}); the call's do not match.";
    }

    /// <summary>A parameter's type as a JavaScript or mini-program client writes it.</summary>
    private static string ClientTypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) => "number",
        _ when type == typeof(bool) => "boolean",
        _ => type.Name,
    };
}
