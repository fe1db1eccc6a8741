namespace LifecycleFunctions.App.Hosting;

/// <summary>A setting the app cannot run with, found when it starts; the message names the setting and says what is wrong.</summary>
public sealed class InvalidSettingException(string message, Exception inner) : Exception(message, inner);
