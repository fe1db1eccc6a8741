using Azure;
using Azure.Identity;
using LifecycleFunctions.App.Cli;

namespace LifecycleFunctions.IntegrationTests.Cli;

public class StorageFailureTests
{
    [Fact]
    public void Describe_WithAnErrorAnswer_GivesItsStatusAndCode()
    {
        Assert.Equal("storage answered 403 (AuthorizationPermissionMismatch)", StorageFailure.Describe(new RequestFailedException(403, "This request is not authorized.", "AuthorizationPermissionMismatch", null)));
    }

    [Fact]
    public void Describe_WithTheSdksRetriesSpentOnARefusedConnection_SaysItCouldNotBeReachedAndHowOftenItTried()
    {
        var refused = new RequestFailedException("Connection refused (127.0.0.1:9)", new HttpRequestException("Connection refused (127.0.0.1:9)"));
        var spent = new AggregateException("Retry failed after 4 tries.", refused, refused, refused, refused);

        Assert.Equal("storage could not be reached (Connection refused (127.0.0.1:9)), after 4 tries", StorageFailure.Describe(spent));
    }

    [Fact]
    public void Describe_WithAFailedSignIn_NamesIt()
    {
        Assert.Equal("CredentialUnavailableException: no credential", StorageFailure.Describe(new CredentialUnavailableException("no credential")));
    }

    [Fact]
    public void Describe_WithABug_LeavesItToItsStackTrace()
    {
        Assert.Null(StorageFailure.Describe(new InvalidOperationException("a bug")));
        Assert.Null(StorageFailure.Describe(new AggregateException(new InvalidOperationException("a bug"))));
    }
}
