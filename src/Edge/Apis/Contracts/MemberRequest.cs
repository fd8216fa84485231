using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record MemberRequest(string? Name, List<MemberIdentity>? Identities = null, List<string>? Tags = null);
