namespace PrivateDomain.Realtime.TestSupport;

/// <summary>Files of the repository the tests were built from, for tests that hold the docs to what the code does.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The text of a file, by its path from the repository's root (<c>"docs", "api.md"</c>).</summary>
    public static string ReadAllText(params string[] path) => File.ReadAllText(Path.Combine([Root.Value, .. path]));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PrivateDomain.Realtime.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PrivateDomain.Realtime.sln above {AppContext.BaseDirectory}.");
    }
}
