using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Notifications;

[GenerateSerializer, Alias("pd.EdgeDirectoryState")]
public sealed class EdgeDirectoryState
{
    /// <summary>The Edges registered when it was last written (their <c>SeenAt</c> is not kept up to date here).</summary>
    [Id(0)]
    public List<EdgeRegistration> Edges { get; set; } = [];
}
