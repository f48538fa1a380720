<#
.SYNOPSIS
    Packs a built module folder into InvokeAI.PowerShell.<version>.nupkg, in the fresh pwsh that build.ps1 starts.
.DESCRIPTION
    PSResourceGet's Compress-PSResource writes the package that Publish-PSResource would push (nuspec from the
    manifest, every file of the folder), without needing a repository to push to. Install-PSResource installs it
    from any folder registered as a repository.

    On its first use PSResourceGet writes its list of repositories into the user's data folder, or into the current
    directory when that folder does not exist yet (a fresh account). So this process gives it a throwaway data
    folder and working directory, and packing leaves neither the user's settings nor the checkout changed. (On
    Windows the data folder is always the user's own, and PSResourceGet puts there only its default list, as on
    any first use.)
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $DestinationPath
)
$ErrorActionPreference = 'Stop'
$scratch = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "invokeai-pack-$([guid]::NewGuid().ToString('N'))")
try {
    $env:XDG_DATA_HOME = $scratch.FullName
    Push-Location $scratch.FullName
    Compress-PSResource -Path $ModuleDirectory -DestinationPath $DestinationPath
}
finally {
    Pop-Location
    Remove-Item $scratch.FullName -Recurse -Force
}
