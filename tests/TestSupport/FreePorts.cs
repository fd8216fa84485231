using System.Net;
using System.Net.Sockets;

namespace PrivateDomain.Realtime.TestSupport;

public static class FreePorts
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it), for silo and gateway endpoints.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
