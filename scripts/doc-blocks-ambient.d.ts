// Not a dev dependency here; the snippet shows it for users who have it.
declare module '@aws-sdk/credential-providers' {
  export function fromNodeProviderChain(): () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
}
