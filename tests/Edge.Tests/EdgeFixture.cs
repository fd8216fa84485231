using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests;

/// <summary>One embedded Edge on real Kestrel, shared by the tests of the collection.</summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public EdgeApplication App { get; } = new();

    public ValueTask InitializeAsync()
    {
        App.StartServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge";
}

/// <summary>
/// The browser tests' own Edge. They spend most of their time waiting on Chromium, so they run beside the API tests
/// instead of after them (one browser at a time: two at once slowed each other more than they gained).
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserEdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge-browser";
}
