namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// Who may call a hub method: an authorization policy (<c>Policies</c>), checked by <see cref="HubRoleFilter"/>. Not
/// <c>[Authorize]</c> on the method: SignalR refuses that before any filter runs, with "user is unauthorized" and no
/// code, where every other refusal is "code: reason".
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HubRoleAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}
