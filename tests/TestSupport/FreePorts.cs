using System.Net;
using System.Net.Sockets;

namespace PrivateDomain.Realtime.TestSupport;

public static class FreePorts
{
    // Below Linux's ephemeral range (32768-60999), where test.sh also starts its servers, and handed out in turn. A port
    // the OS picks (port 0) lies inside that range: between our check and the server's bind any outgoing connection of
    // the busy test run can take it as its local end, and two picks can be the same port. A load-test Edge once failed
    // "address already in use" so.
    private const int First = 20_000;
    private const int Count = 12_000;

    // A random start per process, so test processes running side by side do not walk the same ports.
    private static int _next = Random.Shared.Next(Count);

    /// <summary>A loopback port nobody listens on right now, outside the range outgoing connections draw from.</summary>
    public static int Next()
    {
        for (var tried = 0; tried < Count; tried++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}-{First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
